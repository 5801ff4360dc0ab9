# PowerShell completion for syncstat: syncstat completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName syncstat -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | Select-Object -Skip 1 |
        Where-Object { $_.Extent.EndOffset -le $cursorPosition } | ForEach-Object { $_.Extent.Text })
    if ($wordToComplete -eq '') {
        # Before 7.3, PowerShell drops an empty argument to a native command: quote it.
        if ($PSVersionTable.PSVersion -lt [version]'7.3') { $words += '""' } else { $words += '' }
    }
    $directive = 'none'
    $lines = @(& syncstat __complete @words 2>$null)
    foreach ($line in $lines) {
        if ($line.StartsWith(':')) { $directive = $line.Substring(1); continue }
        $value, $description = $line -split "\t", 2
        if (-not $description) { $description = $value }
        [System.Management.Automation.CompletionResult]::new($value, $value, 'ParameterValue', $description)
    }
    # With nothing returned, PowerShell completes file names itself (the 'files' directive).
}
