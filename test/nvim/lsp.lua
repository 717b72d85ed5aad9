-- Neovim (0.7.2) as a second, independent LSP client of the Stamp language server.
-- Run: STAMP_SERVER=dist/server.js STAMP_FILE=<copy of examples/hypervnu-lab.stamp> \
--        nvim --headless --clean -c 'luafile test/nvim/lsp.lua'
-- Starts `node $STAMP_SERVER --stdio`, opens the file, checks the clean file has no errors and no
-- warnings but $STAMP_ALLOWED_WARNINGS (default SPOF001), asks for hover on `nlb`, injects a
-- broken line and waits for a stamp error diagnostic, removes it and waits for the error to clear.
-- Prints "STAMP-NVIM: ..." lines on stdout and exits 0 when every check passed, 1 (cq) otherwise.

local node = os.getenv('STAMP_NODE') or 'node'
local server = os.getenv('STAMP_SERVER') or 'dist/server.js'
local file = os.getenv('STAMP_FILE') or 'examples/hypervnu-lab.stamp'
local timeout = tonumber(os.getenv('STAMP_NVIM_TIMEOUT_MS') or '15000')
local BROKEN = 'cluster "broken { kind hyperv'
-- Warnings the clean example may have: the failure analysis reports its one SAN (language.md section 4).
local ALLOWED_WARNINGS = {}
for code in (os.getenv('STAMP_ALLOWED_WARNINGS') or 'SPOF001'):gmatch('[^,%s]+') do ALLOWED_WARNINGS[code] = true end

local function say(...)
  io.stdout:write('STAMP-NVIM: ' .. string.format(...) .. '\n')
  io.stdout:flush()
end

local function fail(...)
  error(string.format(...), 0)
end

local published = {} -- every publishDiagnostics the server sent for our buffer, in order

local function count_severity(diagnostics, severity)
  local n = 0
  for _, d in ipairs(diagnostics) do
    if d.severity == severity then n = n + 1 end
  end
  return n
end

local function code_of(d)
  if d.code ~= nil then return tostring(d.code) end
  local lsp = d.user_data and d.user_data.lsp
  if lsp and lsp.code ~= nil then return tostring(lsp.code) end
  return ''
end

local function hover_text(result)
  if not result or not result.contents then return '' end
  local c = result.contents
  if type(c) == 'string' then return c end
  if c.value then return c.value end
  local parts = {}
  for _, item in ipairs(c) do
    table.insert(parts, type(item) == 'string' and item or (item.value or ''))
  end
  return table.concat(parts, '\n')
end

local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'stamp'
  local uri = vim.uri_from_bufnr(bufnr)

  local exited = false
  local client_id = vim.lsp.start_client({
    name = 'stamp',
    cmd = { node, server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result and result.uri == uri then table.insert(published, result) end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
    on_exit = function(code, signal)
      exited = true
      if code ~= 0 and signal ~= 15 then say('server exited (code %s, signal %s)', tostring(code), tostring(signal)) end
    end,
  })
  if not client_id then fail('vim.lsp.start_client returned nil') end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local ok = vim.wait(timeout, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return exited or (client ~= nil and client.initialized == true)
  end, 50)
  if not ok or exited then fail('the server did not initialize within %d ms (exited: %s)', timeout, tostring(exited)) end
  local client = vim.lsp.get_client_by_id(client_id)
  say('initialized %s', client.name)

  -- 1. The clean file: no errors, no warnings but the allowed ones.
  if not vim.wait(timeout, function() return #published > 0 end, 50) then
    fail('no diagnostics published for the clean file within %d ms', timeout)
  end
  local clean = vim.diagnostic.get(bufnr)
  local errors = count_severity(clean, vim.diagnostic.severity.ERROR)
  local warnings, unexpected = 0, 0
  for _, d in ipairs(clean) do
    if d.severity == vim.diagnostic.severity.WARN then
      warnings = warnings + 1
      if not ALLOWED_WARNINGS[code_of(d)] then unexpected = unexpected + 1 end
    end
  end
  say('clean file: %d diagnostics (%d errors, %d warnings, %d unexpected)', #clean, errors, warnings, unexpected)
  for _, d in ipairs(clean) do say('  %s %d:%d %s', code_of(d), d.lnum + 1, d.col + 1, d.message) end
  if errors + unexpected > 0 then
    fail('the clean example has %d errors and %d unexpected warnings', errors, unexpected)
  end

  -- 2. Hover on the keyword `nlb`.
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local nlb_line
  for i, line in ipairs(lines) do
    if line:match('^nlb ') then nlb_line = i - 1; break end
  end
  if not nlb_line then fail('no `nlb` statement in %s', file) end
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = nlb_line, character = 1 },
  }, timeout)
  local text = ''
  for _, response in pairs(responses or {}) do
    if response.error then fail('hover error: %s', vim.inspect(response.error)) end
    text = text .. hover_text(response.result)
  end
  if text == '' then fail('empty hover on `nlb` (line %d)', nlb_line + 1) end
  say('hover on nlb: %s', (text:gsub('\n', ' ')):sub(1, 120))

  -- 3. A broken line: the server must publish a stamp error for it.
  local before = #published
  vim.api.nvim_buf_set_lines(bufnr, 1, 1, false, { BROKEN })
  local found
  vim.wait(timeout, function()
    if #published <= before then return false end
    for _, d in ipairs(vim.diagnostic.get(bufnr, { severity = vim.diagnostic.severity.ERROR })) do
      if d.lnum <= 2 and (d.source == 'stamp' or (d.source or ''):match('stamp')) then found = d; return true end
    end
    return false
  end, 50)
  if not found then
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do say('  have: %s %s %d:%d %s', tostring(d.source), code_of(d), d.lnum + 1, d.col + 1, d.message) end
    fail('no stamp error for the broken line 2 within %d ms', timeout)
  end
  say('error diagnostic: %s %s at %d:%d: %s', found.source, code_of(found), found.lnum + 1, found.col + 1, found.message)
  if not code_of(found):match('^%u%u%u%d%d%d$') then fail('error code %q is not like SYN001', code_of(found)) end

  -- 4. Removing it clears the error again.
  before = #published
  vim.api.nvim_buf_set_lines(bufnr, 1, 2, false, {})
  local cleared = vim.wait(timeout, function()
    return #published > before and count_severity(vim.diagnostic.get(bufnr), vim.diagnostic.severity.ERROR) == 0
  end, 50)
  if not cleared then fail('the error did not clear after removing the broken line') end
  say('error cleared after removing the line')

  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return exited end, 50)
end

local ok, err = pcall(main)
if ok then
  say('OK')
  vim.cmd('qa!')
else
  say('FAIL: %s', tostring(err))
  vim.cmd('cq')
end
