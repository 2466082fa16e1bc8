"""Warnings delivered (source 001 module 14, §2.3.4; issue 16 item 4): the library's register
warnings stored with their history, shown to the unit and its authorities, told by inbox and SMS."""
