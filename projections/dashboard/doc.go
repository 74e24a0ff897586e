// Package dashboard is the "dashboard" projection (schema proj_dashboard):
// progress figures per strategy, the status of every cooperation concept
// (counted per status when read), and revisions per ISO week and actor
// organisation.
//
// "Milestones overdue" depends on the day the dashboard is read, so the
// projection keeps the due dates of open milestones and the read model
// counts the overdue ones.
package dashboard
