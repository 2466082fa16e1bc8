"""Radiation workers' 健康监护档案 (卫生部令第55号 第三章, source 001 module 8) and their
transfer with the worker (module 20)."""
