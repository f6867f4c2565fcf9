-- append.lst in Lua 5.4: a table grown by one at its end, 12M times.
local lst = {}
for i = 0, 12000000 - 1 do
  lst[#lst + 1] = i
end
local sum = 0
for i = 1, #lst do sum = sum + lst[i] end
print(#lst .. " " .. lst[#lst] .. " " .. sum % 1000003)
