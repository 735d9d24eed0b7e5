# A closing brace with nothing open.
Write-Host 'x'
}
Write-Host 'y'
