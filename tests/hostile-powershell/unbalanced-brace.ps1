# A script block never closed.
Invoke-Command -ComputerName 'cas01.contoso.local' -ScriptBlock {
    Restart-Service 'MSExchangeRPC'
