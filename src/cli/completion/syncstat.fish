# fish completion for syncstat: syncstat completion fish > ~/.config/fish/completions/syncstat.fish
function __syncstat_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l cur (commandline -ct)
    set -l directive none
    for line in (syncstat __complete $words $cur 2>/dev/null)
        if string match -q -- ':*' $line
            set directive (string sub -s 2 -- $line)
        else
            printf '%s\n' $line
        end
    end
    if test "$directive" = files
        __fish_complete_path $cur
    end
end
complete -c syncstat -f -k -a '(__syncstat_complete)'
