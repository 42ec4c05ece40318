# "2 Dec 2026" and "2 Dec 2026, 14:05": the house formats the English pages, PDFs and mails use.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
