-- A token bucket in one hash: KEYS[1] = bucket; ARGV = capacity, refill rate (tokens per ms), tokens requested.
-- Returns { allowed (1/0), tokens left (floor), ms until the request could pass, ms until the bucket is full }.
-- Redis's own clock, so every gateway replica agrees; milliseconds, so Retry-After and Reset are exact.
if redis.replicate_commands then redis.replicate_commands() end

local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local requested = tonumber(ARGV[3])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)

local allowed = 0
local wait = 0
if tokens >= requested then
  tokens = tokens - requested
  allowed = 1
else
  wait = math.ceil((requested - tokens) / rate)
end

local full = math.ceil((capacity - tokens) / rate)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
-- A full bucket is the same as no bucket: let Redis forget it then.
redis.call('PEXPIRE', KEYS[1], full + 1000)

return { allowed, math.floor(tokens), wait, full }
