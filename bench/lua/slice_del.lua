-- slice_del.lst in Lua 5.4: del lst[k:] as truncation, extend, a slice
-- copy and a same-length slice assignment with table.move.
local lst = {}
for i = 0, 1999 do lst[i + 1] = i end
local check = 0
for rep = 0, 29999 do
  local k = rep % 1000
  for i = #lst, k + 1, -1 do lst[i] = nil end
  for v = k, 1999 do lst[#lst + 1] = v end
  local head = table.move(lst, 1, 50, 1, {})
  table.move(head, 1, 50, 101, lst)
  check = check + lst[rep % 2000 + 1] + #head
end
print(check .. " " .. #lst)
