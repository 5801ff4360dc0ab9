# bash completion for syncstat: source <(syncstat completion bash)
_syncstat() {
  local line=${COMP_LINE:0:COMP_POINT} words=() out c directive=none
  read -ra words <<< "$line"
  [[ ${#words[@]} -eq 0 || $line =~ [[:space:]]$ ]] && words+=("")
  local cur=${words[${#words[@]}-1]} bcur=${COMP_WORDS[COMP_CWORD]}
  # bash splits words at = and : (COMP_WORDBREAKS) and replaces only what follows them.
  local strip=""
  [[ $cur == *"$bcur" ]] && strip=${cur%"$bcur"}
  out=$(syncstat __complete "${words[@]:1}" 2>/dev/null) || return 0
  COMPREPLY=()
  while IFS= read -r c; do
    case $c in
      :*) directive=${c#:} ;;
      *) c=${c%%$'\t'*}; COMPREPLY+=("${c#"$strip"}") ;;
    esac
  done <<< "$out"
  if [[ $directive == files ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=()
    while IFS= read -r c; do COMPREPLY+=("$c"); done < <(compgen -f -- "$bcur")
  fi
  return 0
}
complete -F _syncstat syncstat
