-- deepcopy.lst in Lua 5.4: a recursive copy of nested tables with a memo,
-- as copy.deepcopy keeps shared parts shared.
local function deepcopy(x, memo)
  if type(x) ~= "table" then return x end
  if memo[x] then return memo[x] end
  local y = {}
  memo[x] = y
  for k, v in pairs(x) do y[deepcopy(k, memo)] = deepcopy(v, memo) end
  return y
end

local items = {}
for i = 0, 199 do items[i + 1] = {i, {i, i + 1}, {k = i}} end
local tree = {items = items, meta = {name = "t", tags = {"a", "b"}}}
local total = 0
for rep = 0, 899 do
  local c = deepcopy(tree, {})
  total = total + #c.items + c.items[rep % 200 + 1][2][2]
end
print(total)
