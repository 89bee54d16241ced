-- Made by scripts/dump_schema.py from the migrations; do not edit.
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE "plan" (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	region VARCHAR(100) NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	year INTEGER, 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL, extra_columns TEXT DEFAULT '' NOT NULL, auto_number BOOLEAN DEFAULT '0' NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE unit (
	id INTEGER NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE unit_alias (
	id INTEGER NOT NULL, 
	unit_id INTEGER NOT NULL, 
	alias VARCHAR(100) NOT NULL, 
	"key" VARCHAR(100) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(unit_id) REFERENCES unit (id) ON DELETE CASCADE, 
	CONSTRAINT uq_unit_alias UNIQUE (alias)
);
CREATE INDEX ix_unit_alias_key ON unit_alias ("key");
CREATE INDEX ix_unit_alias_unit_id ON unit_alias (unit_id);
CREATE TABLE "node" (
	id INTEGER NOT NULL, 
	plan_id INTEGER NOT NULL, 
	parent_id INTEGER, 
	level INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	number VARCHAR(20) NOT NULL, 
	text TEXT NOT NULL, 
	duties TEXT NOT NULL, 
	units_raw TEXT NOT NULL, 
	"key" VARCHAR(32) NOT NULL, units_text TEXT DEFAULT '' NOT NULL, deadline_text TEXT DEFAULT '' NOT NULL, remark TEXT DEFAULT '' NOT NULL, extras TEXT DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT ck_node_level CHECK (level BETWEEN 1 AND 4), 
	CONSTRAINT uq_node_key UNIQUE ("key"), 
	FOREIGN KEY(parent_id) REFERENCES node (id) ON DELETE CASCADE, 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id) ON DELETE CASCADE
);
CREATE INDEX ix_node_parent_position ON node (plan_id, parent_id, position);
CREATE INDEX ix_node_parent_id ON node (parent_id);
CREATE TABLE evidence_file (
	id INTEGER NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	size INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (sha256)
);
CREATE TABLE period (
	id INTEGER NOT NULL, 
	plan_id INTEGER NOT NULL, 
	name VARCHAR(50) NOT NULL, 
	start DATE NOT NULL, 
	"end" DATE NOT NULL, 
	is_current BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id) ON DELETE CASCADE, 
	CONSTRAINT uq_period_name UNIQUE (plan_id, name)
);
CREATE INDEX ix_period_plan_id ON period (plan_id);
CREATE TABLE attachment (
	id INTEGER NOT NULL, 
	node_id INTEGER NOT NULL, 
	period_id INTEGER, 
	file_id INTEGER NOT NULL, 
	original_name VARCHAR(260) NOT NULL, 
	added_at DATETIME NOT NULL, 
	note TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(file_id) REFERENCES evidence_file (id) ON DELETE RESTRICT, 
	FOREIGN KEY(node_id) REFERENCES node (id) ON DELETE CASCADE, 
	FOREIGN KEY(period_id) REFERENCES period (id) ON DELETE SET NULL
);
CREATE INDEX ix_attachment_file_id ON attachment (file_id);
CREATE INDEX ix_attachment_node_id ON attachment (node_id);
CREATE TABLE deadline (
	node_id INTEGER NOT NULL, 
	due DATE NOT NULL, 
	source VARCHAR(100) NOT NULL, 
	PRIMARY KEY (node_id), 
	FOREIGN KEY(node_id) REFERENCES node (id) ON DELETE CASCADE
);
CREATE TABLE history (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	user VARCHAR(100) NOT NULL, 
	label TEXT NOT NULL, 
	record TEXT NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE history_node (
	history_id INTEGER NOT NULL, 
	node_id INTEGER NOT NULL, 
	plan_id INTEGER, 
	PRIMARY KEY (history_id, node_id), 
	FOREIGN KEY(history_id) REFERENCES history (id) ON DELETE CASCADE
);
CREATE INDEX ix_history_node_node ON history_node (node_id);
CREATE INDEX ix_history_node_plan ON history_node (plan_id);
CREATE TABLE setting (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE packet_receipt (
	id INTEGER NOT NULL, 
	period_id INTEGER NOT NULL, 
	unit_id INTEGER NOT NULL, 
	received_at DATETIME NOT NULL, 
	file_name VARCHAR(260) NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	answered INTEGER NOT NULL, 
	rows INTEGER NOT NULL, 
	answers TEXT DEFAULT '' NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(period_id) REFERENCES period (id) ON DELETE CASCADE, 
	FOREIGN KEY(unit_id) REFERENCES unit (id) ON DELETE CASCADE
);
CREATE INDEX ix_packet_receipt_period ON packet_receipt (period_id);
CREATE TABLE period_return (
	id INTEGER NOT NULL, 
	period_id INTEGER NOT NULL, 
	reported_at DATETIME NOT NULL, 
	user VARCHAR(100) NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	rows TEXT NOT NULL, 
	workbook BLOB NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(period_id) REFERENCES period (id) ON DELETE CASCADE
);
CREATE INDEX ix_period_return_period ON period_return (period_id);
CREATE TABLE "node_unit" (
	id INTEGER NOT NULL, 
	node_id INTEGER NOT NULL, 
	unit_id INTEGER NOT NULL, 
	role VARCHAR(20) NOT NULL, 
	wording VARCHAR(100) NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT ck_node_unit_role CHECK (role = 'lead' OR role = 'cooperate' OR role = 'responsible' OR role = 'carry_out'), 
	FOREIGN KEY(unit_id) REFERENCES unit (id) ON DELETE RESTRICT, 
	FOREIGN KEY(node_id) REFERENCES node (id) ON DELETE CASCADE
);
CREATE INDEX ix_node_unit_unit ON node_unit (unit_id);
CREATE INDEX ix_node_unit_node_id ON node_unit (node_id);
CREATE TABLE "progress" (
	id INTEGER NOT NULL, 
	node_id INTEGER NOT NULL, 
	period_id INTEGER NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	text TEXT NOT NULL, 
	completed_on DATE, 
	lag_reason TEXT NOT NULL, 
	reported_by TEXT NOT NULL, 
	note TEXT DEFAULT ('') NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_progress_node_period UNIQUE (node_id, period_id), 
	CONSTRAINT ck_progress_status CHECK (status = 'done' OR status = 'ongoing' OR status = 'not_started' OR status = 'lagging'), 
	FOREIGN KEY(period_id) REFERENCES period (id) ON DELETE CASCADE, 
	FOREIGN KEY(node_id) REFERENCES node (id) ON DELETE CASCADE
);
CREATE INDEX ix_progress_node_id ON progress (node_id);
CREATE INDEX ix_progress_period_id ON progress (period_id);
