-- comprehension.lst in Lua 5.4: the comprehensions as loops filling new tables.
local total = 0
for rep = 0, 119 do
  local squares = {}
  for i = 0, 99999 do squares[#squares + 1] = i * i end
  local evens = {}
  for _, x in ipairs(squares) do
    if x % 2 == 0 then evens[#evens + 1] = x end
  end
  local pairs_ = {}
  for a = 0, 29 do
    for b = 0, 299 do pairs_[#pairs_ + 1] = a + b end
  end
  total = total + #evens + pairs_[#pairs_] + squares[rep + 1]
end
print(total)
