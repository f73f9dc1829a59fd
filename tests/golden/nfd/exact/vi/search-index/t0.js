(window.OCOP_SEARCH=window.OCOP_SEARCH||{})["vi/t0"]={"terms":["cho","dai","don","dong","duoc","gian","hop","mien","nghia","nhung","o","pham","phoi","quyet","soi","ta","tac","thom","thuc","tien","tre","tren","trong","va","xa"],
"postings":[[2],[3],[2],[0,2],[3],[3],[1],[0,1],[0,4],[3],[3],[2],[3],[1],[3],[0,8],[1],[3],[2],[1],[3],[3],[3],[3],[1]]};
