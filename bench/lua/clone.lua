-- clone.lst in Lua 5.4: a deep copy written in the language, recursion
-- over nested arrays and records (a table with a field n is an array).
local function clone(x)
  if type(x) ~= "table" then return x end
  local y = {}
  for k, v in pairs(x) do y[k] = clone(v) end
  return y
end

local items = {}
for i = 0, 399 do items[i + 1] = {i, {i, i + 1}, {k = i, v = {i, i, i}}} end
local tree = {items = items, meta = {tags = {"a", "b"}}}
local total = 0
for rep = 0, 299 do
  local c = clone(tree)
  local item = c.items[rep % 400 + 1]
  total = total + #c.items + item[2][2] + #item[3].v
end
print(total)
