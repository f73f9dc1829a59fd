window.OCOP_SEARCH={"lang":"vi",
"producers":["Hợp tác xã Quyết Tiến"],
"districts":["Chợ Đồn","Na Rì"],
"docs":[
["Miến dong Nghĩa Tá","vi/products/mien-dong/","",3,0,0]],
"terms":["cho","dai","don","dong","duoc","gian","hop","mien","nghia","nhung","o","pham","phoi","quyet","soi","ta","tac","thom","thuc","tien","tre","tren","trong","va","xa"],
"postings":[[2],[3],[2],[0],[3],[3],[1],[0],[0],[3],[3],[2],[3],[1],[3],[0],[1],[3],[2],[1],[3],[3],[3],[3],[1]]};
