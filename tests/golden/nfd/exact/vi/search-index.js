(window.OCOP_SEARCH=window.OCOP_SEARCH||{})["vi"]={"lang":"vi","v":"1eb62ad6","docs":1,"chunk":64,
"stars":{"3":[0,1]},
"common":[],
"vocab":[3,4,5],
"shards":[]};
