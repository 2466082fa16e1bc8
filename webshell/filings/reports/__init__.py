"""What device-test and dose reports share (source 000 §5.1, §5.2): their columns
(``tables``), storage and states (``service``), list filters (``lists``), the parties they
name (``parties``), findings (``findings``), input reading (``forms``), and the API and page
route bodies that each kind's controllers call (``controllers``, ``controllers_pages``)."""
