# A here-string whose end marker is not at the start of a line.
$text = @'
abc
  '@
