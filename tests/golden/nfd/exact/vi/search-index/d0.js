(window.OCOP_SEARCH=window.OCOP_SEARCH||{})["vi/d0"]={"docs":[
["Miến dong Nghĩa Tá","vi/products/mien-dong/","",3,"Hợp tác xã Quyết Tiến","Chợ Đồn"]]};
