package web

import "github.com/gin-gonic/gin"

// tileRoutes registers vector tiles (/tiles/{z}/{x}/{y}.pbf).
func (s *Server) tileRoutes(r *gin.Engine) {}
