"""技术服务信息报送卡 (source 000 §5.3): the report card an institution builds from its reports
— its input and form, building, writes (暂存, 提交, 撤销, 删除 through ``radrules.services.workflow``),
reads, QC codes, QR code, PDF and stamped copies."""
