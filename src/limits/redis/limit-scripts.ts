/**
 * The Lua scripts that keep Switchboard's shared counters in Redis. Each runs atomically on the
 * server, so a check and the take that follows it are one step for every node at once. All keys of
 * an account share one hash tag (`sb:{<account>}:…`), so an account's scripts touch one slot.
 *
 * Per account (prefix `sb:{<account>}:`):
 *   account              hash  credits, usage, reserved (nano-USD)
 *   key:<hash>           hash  limit, reset, reserved, total/daily/weekly/monthly and byok_*
 *                              counters, daily_start/weekly_start/monthly_start (UTC day numbers),
 *                              scopes (the groups its spending counts toward, space-separated)
 *   scope:<scope>        hash  a group of keys counted together (`workspace:<id>`, `member:<id>`):
 *                              reserved and the same counters as a key
 *   reservations         hash  reservation id → "<amount> <key hash>"
 *   deadlines            zset  reservation id by the millisecond it expires (a node that died
 *                              holding it never releases it: the next script sweeps it)
 *   rpm:<hash>, tpm:<hash>, free-rpm   hash  second → units (sliding one-minute windows)
 *   free-day:<day>       string requests of free models that UTC day
 *
 * Time is the Redis server's (TIME) unless a caller passes one (tests), so every node agrees on
 * windows and days whatever its own clock says.
 */

const prelude = `
local function now_ms(given)
  if given ~= nil and given ~= '' then return tonumber(given) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function num(value)
  if value == false or value == nil or value == '' then return 0 end
  return tonumber(value)
end

-- First day of the month containing a day number (days since 1970-01-01; H. Hinnant's civil_from_days).
local function month_start(day)
  local z = day + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  return day - (d - 1)
end

-- Weeks start on Mondays (1970-01-01 was a Thursday).
local function period_starts(day)
  return day, day - ((day + 3) % 7), month_start(day)
end

-- Zeroes the counters of a key whose period has ended.
local function roll_key(k, day)
  local ds, ws, ms = period_starts(day)
  local stored = redis.call('HMGET', k, 'daily_start', 'weekly_start', 'monthly_start')
  if num(stored[1]) ~= ds then redis.call('HSET', k, 'daily', 0, 'byok_daily', 0, 'daily_start', ds) end
  if num(stored[2]) ~= ws then redis.call('HSET', k, 'weekly', 0, 'byok_weekly', 0, 'weekly_start', ws) end
  if num(stored[3]) ~= ms then redis.call('HSET', k, 'monthly', 0, 'byok_monthly', 0, 'monthly_start', ms) end
end

-- What a key spent in the current period of a reset (BYOK too when asked).
local function usage_for(k, reset, byok)
  local fields = redis.call('HMGET', k, 'daily', 'weekly', 'monthly', 'total', 'byok_daily', 'byok_weekly', 'byok_monthly', 'byok_total')
  local index = 4
  if reset == 'daily' then index = 1 elseif reset == 'weekly' then index = 2 elseif reset == 'monthly' then index = 3 end
  local used = num(fields[index])
  if byok then used = used + num(fields[index + 4]) end
  return used
end

-- The period's usage the key's own limit counts: BYOK usage too when the key includes it.
local function period_usage(k)
  local settings = redis.call('HMGET', k, 'reset', 'include_byok')
  return usage_for(k, settings[1], settings[2] == '1')
end

-- The counters of the groups a key's spending counts toward (those loaded).
local function key_scopes(prefix, k)
  local found = {}
  local list = redis.call('HGET', k, 'scopes')
  if list and list ~= '' then
    for name in string.gmatch(list, '%S+') do
      local s = prefix .. 'scope:' .. name
      if redis.call('EXISTS', s) == 1 then found[#found + 1] = s end
    end
  end
  return found
end

-- Takes a reservation off a counter hash (never below nothing: a reloaded hash starts at 0).
local function unreserve(h, amount)
  if redis.call('HINCRBY', h, 'reserved', -amount) < 0 then redis.call('HSET', h, 'reserved', 0) end
end

-- Gives back the reservations whose deadline passed (their node died or lost them).
local function sweep(prefix, now)
  local expired = redis.call('ZRANGEBYSCORE', prefix .. 'deadlines', '-inf', now)
  for _, id in ipairs(expired) do
    local held = redis.call('HGET', prefix .. 'reservations', id)
    if held then
      local space = string.find(held, ' ', 1, true)
      local amount = tonumber(string.sub(held, 1, space - 1))
      local key_hash = string.sub(held, space + 1)
      redis.call('HINCRBY', prefix .. 'account', 'reserved', -amount)
      if key_hash ~= '' and redis.call('EXISTS', prefix .. 'key:' .. key_hash) == 1 then
        unreserve(prefix .. 'key:' .. key_hash, amount)
        for _, s in ipairs(key_scopes(prefix, prefix .. 'key:' .. key_hash)) do unreserve(s, amount) end
      end
      redis.call('HDEL', prefix .. 'reservations', id)
    end
  end
  if #expired > 0 then redis.call('ZREMRANGEBYSCORE', prefix .. 'deadlines', '-inf', now) end
end

-- A sliding window of one-second buckets: units used in the last size seconds, and by second.
local function window_used(k, second, size)
  local fields = redis.call('HGETALL', k)
  local used = 0
  local by_second = {}
  local stale = {}
  for i = 1, #fields, 2 do
    local s = tonumber(fields[i])
    if s > second - size then
      local units = tonumber(fields[i + 1])
      used = used + units
      by_second[s] = (by_second[s] or 0) + units
    else
      stale[#stale + 1] = fields[i]
    end
  end
  if #stale > 0 then redis.call('HDEL', k, unpack(stale)) end
  return used, by_second
end

-- When enough of the window expires for amount more units to fit under limit (ms).
local function window_reset(by_second, used, second, size, limit, amount)
  local excess = used + amount - limit
  for offset = size - 1, 0, -1 do
    local oldest = second - offset
    excess = excess - (by_second[oldest] or 0)
    if excess <= 0 then return (oldest + size) * 1000 end
  end
  return (second + 1) * 1000
end
`;

/**
 * Loads (or refreshes) an account and, optionally, a key. Credits and limits are taken from the
 * control plane; usage counters keep the larger of Redis's and the control plane's (both only ever
 * grow within a period, and each may lag the other: a lost settlement, a queue not yet drained).
 * KEYS: account hash, key hash (or the account hash again). ARGV: now, credits, usage, has_key,
 * limit, reset, then the control plane's key counters (total, daily, weekly, monthly, byok × 4),
 * the day they were read for, whether BYOK usage counts toward the limit (1/0), then the count of
 * the key's scopes and, for each, its name and its eight counters from the control plane.
 */
export const loadScript = `${prelude}
local now = now_ms(ARGV[1])
local account = KEYS[1]
local credits, usage = tonumber(ARGV[2]), tonumber(ARGV[3])
if redis.call('EXISTS', account) == 0 then
  redis.call('HSET', account, 'credits', credits, 'usage', usage, 'reserved', 0)
else
  redis.call('HSET', account, 'credits', credits)
  if num(redis.call('HGET', account, 'usage')) < usage then redis.call('HSET', account, 'usage', usage) end
end
if ARGV[4] == '1' then
  local k = KEYS[2]
  local day = math.floor(now / 86400000)
  local names = { 'total', 'daily', 'weekly', 'monthly', 'byok_total', 'byok_daily', 'byok_weekly', 'byok_monthly' }
  local read_day = tonumber(ARGV[15])
  local ds, ws, ms = period_starts(day)
  local rs, rws, rms = period_starts(read_day)
  -- Counters from the control plane (eight values from ARGV[first]) raise those in h, never lower them.
  local function raise(h, first)
    if redis.call('EXISTS', h) == 0 then redis.call('HSET', h, 'reserved', 0) end
    roll_key(h, day)
    for i, name in ipairs(names) do
      local value = tonumber(ARGV[first + i - 1])
      -- A period counter from the control plane counts only if it was read for this period.
      local same = true
      if name == 'daily' or name == 'byok_daily' then same = rs == ds end
      if name == 'weekly' or name == 'byok_weekly' then same = rws == ws end
      if name == 'monthly' or name == 'byok_monthly' then same = rms == ms end
      if same and num(redis.call('HGET', h, name)) < value then redis.call('HSET', h, name, value) end
    end
  end
  raise(k, 7)
  local scope_names = {}
  for i = 1, tonumber(ARGV[17] or '0') do
    local base = 17 + (i - 1) * 9
    scope_names[#scope_names + 1] = ARGV[base + 1]
    raise(string.sub(account, 1, #account - #'account') .. 'scope:' .. ARGV[base + 1], base + 2)
  end
  redis.call('HSET', k, 'limit', ARGV[5], 'reset', ARGV[6], 'include_byok', ARGV[16], 'scopes', table.concat(scope_names, ' '))
end
return 1
`;

/**
 * Admits a request under its rate limits and reserves its most expensive outcome, as one step.
 * KEYS: account, key (or account), rpm window, tpm window, free-rpm window, free-day counter (or
 * account), reservations, deadlines.
 * ARGV: now, prefix, key hash ('' none), admit (1/0), rpm limit ('' none), tpm limit ('' none),
 * estimated tokens, free (1/0), free rpm limit, free day limit, reserve (1/0), amount,
 * reservation id, reservation ttl ms, then the count of the key's other spending limits (guardrails',
 * workspace budgets) and, for each, limit, reset ('' never), BYOK counted (1/0), source (a guardrail's
 * id, `workspace:<id>`), scope ('' the key's own spending, else the group of keys it counts).
 * Returns {'unloaded'} when the account or key is not in Redis (nothing taken);
 * {'rate', index, limit, remaining, reset_at} when a rate limit refuses (nothing taken);
 * else {'ok', count, limit₁, remaining₁, reset₁, …, outcome, …} where outcome is 'reserved',
 * 'none' (nothing asked), 'insufficient_credits' available balance, or
 * 'key_limit_exceeded' available limit_nano remaining day source (`key` or the guardrail's id) [reset].
 */
export const admitAndReserveScript = `${prelude}
local now = now_ms(ARGV[1])
local prefix, key_hash = ARGV[2], ARGV[3]
local account = KEYS[1]
local has_key = key_hash ~= ''
if ARGV[11] == '1' then
  if redis.call('EXISTS', account) == 0 then return { 'unloaded' } end
  if has_key and redis.call('EXISTS', KEYS[2]) == 0 then return { 'unloaded' } end
  sweep(prefix, now)
end
local second = math.floor(now / 1000)
local day = math.floor(now / 86400000)
local takes = {}
local states = {}
local function check(window, limit, amount, index)
  local used, by_second = window_used(window, second, 60)
  if used + amount > limit and amount > 0 then
    return { 'rate', index, limit, math.max(0, limit - used), window_reset(by_second, used, second, 60, limit, amount) }
  end
  takes[#takes + 1] = { window, amount }
  states[#states + 1] = { limit, math.max(0, limit - used - amount), (second + 60) * 1000 }
  return nil
end
if ARGV[4] == '1' then
  local estimated = tonumber(ARGV[7])
  local refused
  if has_key and ARGV[5] ~= '' then
    refused = check(KEYS[3], tonumber(ARGV[5]), 1, 1)
    if refused then return refused end
  end
  if has_key and ARGV[6] ~= '' then
    refused = check(KEYS[4], tonumber(ARGV[6]), estimated, 2)
    if refused then return refused end
  end
  if ARGV[8] == '1' then
    refused = check(KEYS[5], tonumber(ARGV[9]), 1, 3)
    if refused then return refused end
    local day_limit = tonumber(ARGV[10])
    local used_today = num(redis.call('GET', KEYS[6]))
    if used_today >= day_limit then return { 'rate', 4, day_limit, 0, (day + 1) * 86400000 } end
    states[#states + 1] = { day_limit, day_limit - used_today - 1, (day + 1) * 86400000 }
  end
end
local outcome = { 'none' }
if ARGV[11] == '1' then
  local amount = tonumber(ARGV[12])
  local balance = redis.call('HMGET', account, 'credits', 'usage', 'reserved')
  local available = num(balance[1]) - num(balance[2]) - num(balance[3])
  if amount > available then
    outcome = { 'insufficient_credits', math.max(0, available), num(balance[1]) - num(balance[2]) }
  elseif has_key then
    roll_key(KEYS[2], day)
    local limit = redis.call('HGET', KEYS[2], 'limit')
    if limit and limit ~= '' then
      local used = period_usage(KEYS[2])
      local available_limit = tonumber(limit) - used - num(redis.call('HGET', KEYS[2], 'reserved'))
      if amount > available_limit then
        outcome = { 'key_limit_exceeded', math.max(0, available_limit), tonumber(limit), math.max(0, tonumber(limit) - used), day, 'key' }
      end
    end
    -- The key's other limits (guardrails', its workspace's budgets): ARGV[15] of them, five values
    -- each, on the key's own spending or on that of its group of keys.
    for i = 1, tonumber(ARGV[15] or '0') do
      if outcome[1] ~= 'none' then break end
      local base = 15 + (i - 1) * 5
      local counters = KEYS[2]
      if ARGV[base + 5] ~= '' then
        counters = prefix .. 'scope:' .. ARGV[base + 5]
        if redis.call('EXISTS', counters) == 0 then return { 'unloaded' } end
        roll_key(counters, day)
      end
      local other_limit = tonumber(ARGV[base + 1])
      local used = usage_for(counters, ARGV[base + 2], ARGV[base + 3] == '1')
      local reserved = num(redis.call('HGET', counters, 'reserved'))
      if amount > other_limit - used - reserved then
        outcome = { 'key_limit_exceeded', math.max(0, other_limit - used - reserved), other_limit, math.max(0, other_limit - used), day, ARGV[base + 4], ARGV[base + 2] }
      end
    end
  end
  if outcome[1] == 'none' then
    redis.call('HINCRBY', account, 'reserved', amount)
    if has_key then
      redis.call('HINCRBY', KEYS[2], 'reserved', amount)
      for _, s in ipairs(key_scopes(prefix, KEYS[2])) do redis.call('HINCRBY', s, 'reserved', amount) end
    end
    redis.call('HSET', KEYS[7], ARGV[13], ARGV[12] .. ' ' .. key_hash)
    redis.call('ZADD', KEYS[8], now + tonumber(ARGV[14]), ARGV[13])
    outcome = { 'reserved' }
  end
end
for _, take in ipairs(takes) do
  redis.call('HINCRBY', take[1], second, take[2])
  redis.call('PEXPIRE', take[1], 61000)
end
if ARGV[4] == '1' and ARGV[8] == '1' then
  redis.call('INCR', KEYS[6])
  redis.call('PEXPIRE', KEYS[6], 2 * 86400000)
end
local reply = { 'ok', #states }
for _, state in ipairs(states) do
  reply[#reply + 1] = state[1]
  reply[#reply + 1] = state[2]
  reply[#reply + 1] = state[3]
end
for _, value in ipairs(outcome) do reply[#reply + 1] = value end
return reply
`;

/**
 * The settlements of one account, in a batch: each reservation replaced by its charge (0: a
 * release), once only — a reservation already settled or swept gives nothing back, but its charge
 * still counts (the money was spent) — and each token-window correction (a request's real tokens
 * replacing its estimate).
 * KEYS: account, reservations, deadlines. ARGV: now, prefix, then entries of six:
 * 'settle', id, amount, key hash ('' none), cost, byok (1/0) — or 'tokens', key hash, units, '', '', ''.
 */
export const settleBatchScript = `${prelude}
local now = now_ms(ARGV[1])
local prefix = ARGV[2]
local account = KEYS[1]
local account_loaded = redis.call('EXISTS', account) == 1
local day = math.floor(now / 86400000)
local second = math.floor(now / 1000)
local given_back = 0
for i = 3, #ARGV, 6 do
  if ARGV[i] == 'tokens' then
    local window = prefix .. 'tpm:' .. ARGV[i + 1]
    redis.call('HINCRBY', window, second, tonumber(ARGV[i + 2]))
    redis.call('PEXPIRE', window, 61000)
  else
    local id, amount, key_hash, cost, byok = ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], tonumber(ARGV[i + 4]), ARGV[i + 5] == '1'
    local held = redis.call('HDEL', KEYS[2], id) == 1
    redis.call('ZREM', KEYS[3], id)
    if held then given_back = given_back + 1 end
    if account_loaded then
      if held then redis.call('HINCRBY', account, 'reserved', -amount) end
      if cost > 0 and not byok then redis.call('HINCRBY', account, 'usage', cost) end
    end
    local k = prefix .. 'key:' .. key_hash
    if key_hash ~= '' and redis.call('EXISTS', k) == 1 then
      local counters = key_scopes(prefix, k)
      table.insert(counters, 1, k)
      for _, h in ipairs(counters) do
        if held then unreserve(h, amount) end
        if cost > 0 then
          roll_key(h, day)
          local p = ''
          if byok then p = 'byok_' end
          redis.call('HINCRBY', h, p .. 'total', cost)
          redis.call('HINCRBY', h, p .. 'daily', cost)
          redis.call('HINCRBY', h, p .. 'weekly', cost)
          redis.call('HINCRBY', h, p .. 'monthly', cost)
        end
      end
    end
  end
end
return given_back
`;

/** An account's balance after sweeping expired reservations. KEYS: account. ARGV: now, prefix. Returns {} when not loaded. */
export const accountBalanceScript = `${prelude}
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
sweep(ARGV[2], now_ms(ARGV[1]))
return redis.call('HMGET', KEYS[1], 'credits', 'usage', 'reserved')
`;

/** A key's counters, rolled to today. KEYS: key, account. ARGV: now, prefix. Returns {} when not loaded. */
export const keyBalanceScript = `${prelude}
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
local now = now_ms(ARGV[1])
sweep(ARGV[2], now)
roll_key(KEYS[1], math.floor(now / 86400000))
local values = redis.call('HMGET', KEYS[1], 'limit', 'reset', 'total', 'daily', 'weekly', 'monthly', 'byok_total', 'byok_daily', 'byok_weekly', 'byok_monthly')
values[#values + 1] = period_usage(KEYS[1])
return values
`;
