-- wrk script for the post-save measurement (bench/durability): a signed-in student
-- saves a new draft through the Write form, as a browser does (form-encoded body,
-- session cookie, same-origin headers). Each save is one writing transaction: the post
-- and its first revision.
--
-- Arguments (after `--`): TOKENS_FILE RUN ORIGIN
--   TOKENS_FILE  session tokens, one a line (`quire dev commenters`), used in turn
--   RUN          a word that makes this run's titles differ from other runs'
--   ORIGIN       http://127.0.0.1:PORT, for the cross-origin guard

local tokens = {}
local run, origin, host = "", "", ""
local n = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  run, origin = args[2], args[3]
  host = string.gsub(origin, "^https?://", "")
end

function request()
  n = n + 1
  local body = "title=Draft+" .. run .. "-" .. n
    .. "&body=A+paragraph+about+the+volcano%2C+saved+as+a+draft.%0A%0AAnd+a+second+one."
    .. "&labels=science&action=save"
  return wrk.format("POST", "/write", {
    ["Host"] = host,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "quire_session=" .. tokens[(n - 1) % #tokens + 1],
    ["Origin"] = origin,
    ["Sec-Fetch-Site"] = "same-origin",
  }, body)
end

dofile("bench/report.lua")
