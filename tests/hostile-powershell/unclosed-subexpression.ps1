# A subexpression never closed inside a double-quoted string.
Write-Host "$(Get-Date"
