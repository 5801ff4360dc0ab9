#compdef syncstat
# zsh completion for syncstat: syncstat completion zsh > "${fpath[1]}/_syncstat" (or eval it after compinit)
_syncstat() {
  local -a lines values shown
  local line directive=none
  lines=("${(@f)$(syncstat __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  for line in "${lines[@]}"; do
    case $line in
      :*) directive=${line#:} ;;
      *$'\t'*) values+=("${line%%$'\t'*}"); shown+=("${line%%$'\t'*}  -- ${line#*$'\t'}") ;;
      ?*) values+=("$line"); shown+=("$line") ;;
    esac
  done
  if [[ $directive == files ]]; then
    _files
    return
  fi
  (( ${#values} )) && compadd -l -d shown -- "${values[@]}"
}
if [[ ${funcstack[1]} == _syncstat ]]; then
  _syncstat "$@"
elif (( ${+functions[compdef]} )); then
  compdef _syncstat syncstat
else
  print -u2 'syncstat completion: run "autoload -U compinit && compinit" before loading it'
fi
