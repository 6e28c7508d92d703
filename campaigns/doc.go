// Package campaigns tracks providers' pre-marketing campaigns
// (Vorvermarktung): the areas each campaign covers, the sign-up history the
// office enters, and the maths derived from it – quota, contracts still
// needed, days left, pace, forecast and rating – as pure functions.
package campaigns
