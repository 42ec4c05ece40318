# "2 déc. 2026" and "2 déc. 2026, 14:05" (N: the short month name in the language).
DATE_FORMAT = "j N Y"
DATETIME_FORMAT = "j N Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
