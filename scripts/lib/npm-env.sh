# Scrubs the environment an outer `npm test` / `npm start` hands to its scripts, so that a nested npm
# (code-server's install and its postinstall, the Node 24 install) reads its own configuration only.
# Sourced by scripts/setup-editors.sh; tested by test/scripts/npm-env.test.ts.
#
# npm exports its whole resolved configuration to every script as npm_config_* (user agent with the
# outer Node version, local prefix = this repository, nodedir, node-gyp path, loglevel …), plus
# npm_lifecycle_*, npm_package_*, npm_execpath, npm_node_execpath, npm_command, INIT_CWD and NODE,
# and prepends node_modules/.bin folders and its node-gyp-bin to PATH. A nested npm takes all of that
# as its own settings: code-server's postinstall then reads "node v20" from the inherited user agent
# and refuses to build. The nested npm reads the same npmrc files (user, global, its project) itself,
# so nothing is lost by dropping the exported copies. Kept: the settings that say how to reach the
# registry, which a user may legitimately set in the environment.

# The npm_config_* names that may pass through (how to reach the registry), lower-case with underscores.
STAMP_NPM_ENV_KEEP='registry proxy https_proxy http_proxy noproxy no_proxy cafile ca strict_ssl'

# stamp_scrub_npm_env: unsets what an outer npm exported and removes its PATH additions.
stamp_scrub_npm_env() {
  local name key lower keep entry new_path=""
  while IFS='=' read -r name _; do
    case "$name" in
      npm_config_*)
        key="${name#npm_config_}"; lower="$(printf '%s' "$key" | tr 'A-Z-' 'a-z_')"; keep=0
        for entry in $STAMP_NPM_ENV_KEEP; do [ "$lower" = "$entry" ] && keep=1; done
        [ "$keep" = 1 ] || unset "$name" ;;
      npm_* | NPM_CONFIG_*) unset "$name" ;;
    esac
  done < <(env)
  unset INIT_CWD NODE
  local IFS=':'
  for entry in $PATH; do
    case "$entry" in
      */node_modules/.bin | */node_modules/.bin/ | */node-gyp-bin | */node-gyp-bin/ | '') ;;
      *) new_path="${new_path:+$new_path:}$entry" ;;
    esac
  done
  export PATH="$new_path"
}

# stamp_npm_env_leftovers: prints what an outer npm exported that is still in the environment (nothing after a scrub).
stamp_npm_env_leftovers() {
  local name key lower entry keep
  while IFS='=' read -r name _; do
    case "$name" in
      npm_config_*)
        key="${name#npm_config_}"; lower="$(printf '%s' "$key" | tr 'A-Z-' 'a-z_')"; keep=0
        for entry in $STAMP_NPM_ENV_KEEP; do [ "$lower" = "$entry" ] && keep=1; done
        [ "$keep" = 1 ] || printf '%s\n' "$name" ;;
      npm_* | NPM_CONFIG_* | INIT_CWD) printf '%s\n' "$name" ;;
    esac
  done < <(env)
  local IFS=':'
  for entry in $PATH; do
    case "$entry" in */node_modules/.bin | */node_modules/.bin/ | */node-gyp-bin | */node-gyp-bin/) printf 'PATH entry %s\n' "$entry" ;; esac
  done
}
