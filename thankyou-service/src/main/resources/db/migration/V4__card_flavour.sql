-- LemonadeSold revision 2 carries the flavour. Every card written before it was for a classic sale (the contract says
-- revision 1 means classic), so the default is true of every existing row as well as a fact for new ones.
alter table card add column flavour text not null default 'classic';
