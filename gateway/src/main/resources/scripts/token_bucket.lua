-- A token bucket in one hash: KEYS[1] = bucket; ARGV = capacity, refill rate (tokens per ms), tokens wanted.
-- Grants as many whole tokens as are there, up to the number wanted (a gateway's lease), or none.
-- Returns { tokens granted (0 = refused), tokens left (floor), ms until one token is there, ms until the bucket is full }.
-- Redis's own clock, so every gateway replica agrees; milliseconds, so Retry-After and Reset are exact.
if redis.replicate_commands then redis.replicate_commands() end

local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)

local granted = math.min(wanted, math.floor(tokens))
local wait = 0
if granted >= 1 then
  tokens = tokens - granted
else
  granted = 0
  wait = math.ceil((1 - tokens) / rate)
end

local full = math.ceil((capacity - tokens) / rate)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
-- A full bucket is the same as no bucket: let Redis forget it then.
redis.call('PEXPIRE', KEYS[1], full + 1000)

return { granted, math.floor(tokens), wait, full }
