# A typographic double quote (U+201C) inside a double-quoted string, not doubled: PowerShell ends the string at it.
Write-Host "say “hi"
