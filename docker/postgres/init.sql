-- Runs once, when the postgres-data volume is empty. Each service owns its database and nothing else.
CREATE USER lemonade WITH PASSWORD 'lemonade';
CREATE DATABASE lemonade OWNER lemonade;

CREATE USER thankyou WITH PASSWORD 'thankyou';
CREATE DATABASE thankyou OWNER thankyou;
