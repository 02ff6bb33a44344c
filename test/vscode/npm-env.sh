# Sourced by setup.sh: makes its nested `npm install`s independent of the npm that runs it.
# Run as part of `npm test`, setup.sh inherits what that outer npm (on the system Node, maybe 20)
# puts into a script's environment, and code-server's postinstall, run under Node 24, trusts it:
# it reads the Node version from npm_config_user_agent and refuses with "code-server currently
# requires node v24" (issue 11). What npm hands down, and what this does with it:
#   - npm_config_* for every setting, including values derived from the outer Node and project
#     (user_agent, node_gyp, nodedir, prefix, local_prefix, npm_version, ...): dropped, except the
#     user's own choices of where packages come from and how to reach them (KEEP below: a registry
#     mirror, a proxy, a CA), which the nested npm must honour like the outer one;
#   - npm_package_*, npm_lifecycle_*, npm_execpath, npm_node_execpath, npm_command, NODE,
#     INIT_CWD: dropped (they describe the outer npm and this project);
#   - PATH: npm prepends every ancestor's node_modules/.bin and its own node-gyp-bin, once per
#     nesting level (npm test -> npm run test:vscode): those leading entries are removed, so no tool
#     of this project or of the outer npm shadows the nested install's own.
# Tested by test/tooling/npm-env.test.ts, under a real `npm run`.

_keep='^npm_config_(userconfig|globalconfig|registry|cache|proxy|https_proxy|noproxy|cafile|ca|strict_ssl)$'
while IFS= read -r _v; do
  if ! printf '%s\n' "$_v" | grep -qiE "$_keep"; then unset "$_v"; fi
done < <(compgen -e | grep -i '^npm_')
unset NODE INIT_CWD

_path=$PATH
while :; do
  _first=${_path%%:*}
  case $_first in
    */node_modules/.bin | */node-gyp-bin) ;;
    *) break ;;
  esac
  [ "$_first" = "$_path" ] && { _path=; break; }
  _path=${_path#*:}
done
export PATH=$_path
unset _keep _v _path _first
