"""The portal (门户首页, source 001 §2.3.2 and module 1): news, notices and policy documents."""
