package web

import "github.com/gin-gonic/gin"

// citizenRoutes registers the citizens' page, static assets and the OpenAPI file.
func (s *Server) citizenRoutes(r *gin.Engine) {}
