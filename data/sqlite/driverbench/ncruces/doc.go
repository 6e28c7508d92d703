package ncruces
