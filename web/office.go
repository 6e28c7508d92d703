package web

import "github.com/gin-gonic/gin"

// officeRoutes registers login and the broadband office's pages.
func (s *Server) officeRoutes(r *gin.Engine) {}
