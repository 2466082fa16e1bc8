"""The registers of source 001 modules 3–10: units' basic information and qualification
attachments, 放射诊疗许可证 with their 放射诊疗项目 and 校验, and devices' tests."""
