-- objects.lst in Lua 5.4: a Bus class (a metatable), its constructor
-- copying the passengers, pick and drop (table.remove of the first match).
local Bus = {}
Bus.__index = Bus

function Bus.new(passengers)
  local self = setmetatable({}, Bus)
  local copy = {}
  if passengers then for i, p in ipairs(passengers) do copy[i] = p end end
  self.passengers = copy
  return self
end

function Bus:pick(name)
  self.passengers[#self.passengers + 1] = name
end

function Bus:drop(name)
  for i, p in ipairs(self.passengers) do
    if p == name then
      table.remove(self.passengers, i)
      return
    end
  end
  error("list.remove(x): x not in list")
end

local total = 0
for i = 0, 999999 do
  local bus = Bus.new({"a", "b"})
  bus:pick("c")
  bus:pick("d")
  bus:drop("a")
  total = total + #bus.passengers
end
print(total)
