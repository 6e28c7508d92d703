package modernc
