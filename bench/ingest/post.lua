-- wrk script: POST the payload file named by $PAYLOAD as JSON, over keep-alive.
local f = assert(io.open(os.getenv("PAYLOAD"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
if os.getenv("CLOSE") == "1" then
  -- A new TCP connection per request, as most webhook senders do.
  wrk.headers["Connection"] = "close"
end
