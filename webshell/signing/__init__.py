"""Electronic signatures of every write (source 001 module 11: 系统所有数据录入、修改均需进行电子签名)."""
