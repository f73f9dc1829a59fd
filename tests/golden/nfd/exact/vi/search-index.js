(window.OCOP_SEARCH=window.OCOP_SEARCH||{})["vi"]={"lang":"vi","v":"c2200afb","docs":1,"chunk":64,
"shards":[]};
