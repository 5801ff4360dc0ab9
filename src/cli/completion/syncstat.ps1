# PowerShell completion for syncstat: syncstat completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName syncstat -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    # The words before the one under the cursor, then that one (maybe empty).
    $words = @($commandAst.CommandElements | Select-Object -Skip 1 |
        Where-Object { $_.Extent.EndOffset -lt $cursorPosition } | ForEach-Object { $_.Extent.Text })
    $words += $wordToComplete
    # PowerShell before 7.3 (and npm's .cmd/.ps1 shims) drop an empty argument: say how many there are.
    $env:SYNCSTAT_COMPLETE_WORDS = $words.Count
    try { $lines = @(& syncstat __complete @words 2>$null) } finally { Remove-Item Env:SYNCSTAT_COMPLETE_WORDS -ErrorAction SilentlyContinue }
    foreach ($line in $lines) {
        # The last line is the directive: with nothing returned, PowerShell completes file names itself.
        if ($line.StartsWith(':')) { continue }
        $value, $description = $line -split "`t", 2
        if (-not $description) { $description = $value }
        [System.Management.Automation.CompletionResult]::new($value, $value, 'ParameterValue', $description)
    }
}
