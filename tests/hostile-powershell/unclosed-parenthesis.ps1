# A condition's parenthesis never closed.
if (-not $Reviewed { throw 'Review this plan' }
