PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
    "Timestamp" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);
INSERT INTO __EFMigrationsHistory VALUES('20261121000000_Initial','10.0.15');
INSERT INTO __EFMigrationsHistory VALUES('20261201000000_RunAttempts','10.0.15');
INSERT INTO __EFMigrationsHistory VALUES('20261201000000_UsersAndShareLinks','10.0.15');
INSERT INTO __EFMigrationsHistory VALUES('20261202000000_EpochPointsIndex','10.0.15');
INSERT INTO __EFMigrationsHistory VALUES('20261204000000_RunEventsOffset','10.0.15');
CREATE TABLE IF NOT EXISTS "Studies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Studies" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "Dataset" TEXT NOT NULL,
    "SpecJson" TEXT NOT NULL,
    "GridMode" TEXT NOT NULL,
    "Repeats" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);
INSERT INTO Studies VALUES(1,'bn × dropout, "fixture"',replace('MLP on the toy set\nsecond line, with a comma','\n',char(10)),'toy','{"name":"bn × dropout, \"fixture\"","description":"MLP on the toy set\nsecond line, with a comma","base":{"data":{"dataset":"toy"},"model":{"family":"mlp","hidden":[32],"batch_norm":true,"dropout":0},"optimizer":{"name":"adam","lr":0.001},"epochs":2,"seed":1},"axes":[{"name":"bn","path":"model.batch_norm","values":[true,false]},{"name":"dropout","path":"model.dropout","values":[0,0.3]}],"mode":"full","variants":[],"repeats":2}','Full',2,'2026-12-04 09:30:00+01:00','2026-12-04 10:12:00+01:00');
INSERT INTO Studies VALUES(2,'optimizers (variants)','','fashion-mnist','{"name":"optimizers (variants)","description":"","base":{"data":{"dataset":"fashion-mnist"},"model":{"family":"cnn"},"epochs":1,"seed":7},"axes":[],"mode":"variants","variants":[{"name":"+sgd","set":{"optimizer.name":"sgd"}},{"name":"+adam","set":{"optimizer.name":"adam"}}],"repeats":1}','Variants',1,'2026-12-03 09:30:00+01:00','2026-12-03 09:30:00+01:00');
CREATE TABLE IF NOT EXISTS "Runs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Runs" PRIMARY KEY AUTOINCREMENT,
    "StudyId" INTEGER NOT NULL,
    "Label" TEXT NOT NULL,
    "CellJson" TEXT NOT NULL,
    "Repeat" INTEGER NOT NULL,
    "Seed" INTEGER NOT NULL,
    "SpecJson" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Device" TEXT NULL,
    "Parameters" INTEGER NULL,
    "Epochs" INTEGER NOT NULL,
    "EpochsDone" INTEGER NOT NULL,
    "QueuedAt" TEXT NOT NULL,
    "StartedAt" TEXT NULL,
    "EndedAt" TEXT NULL,
    "Error" TEXT NULL,
    "FinalMetricsJson" TEXT NULL,
    "RunDirectory" TEXT NULL, "Attempt" INTEGER NOT NULL DEFAULT 1, "RetriedById" INTEGER NULL, "EventsOffset" INTEGER NOT NULL DEFAULT 0, "StalledSince" TEXT NULL,
    CONSTRAINT "FK_Runs_Studies_StudyId" FOREIGN KEY ("StudyId") REFERENCES "Studies" ("Id") ON DELETE CASCADE
);
INSERT INTO Runs VALUES(1,1,'bn=on, dropout=0','{"bn":"on","dropout":"0"}',0,1,'{"data":{"dataset":"toy"},"model":{"family":"mlp","hidden":[32],"batch_norm":true,"dropout":0},"optimizer":{"name":"adam","lr":0.001},"epochs":2,"seed":1}','Succeeded','cpu',25866,2,2,'2026-12-04 09:30:00+01:00','2026-12-04 09:31:00+01:00','2026-12-04 09:33:00+01:00',NULL,'{"test_accuracy":0.9,"test_loss":0.3,"train_loss":0.4,"train_accuracy":0.88,"val_loss":0.35,"val_accuracy":0.91,"best_val_accuracy":0.91,"best_val_loss":0.35,"best_val_epoch":2,"test_accuracy_at_best_val":0.9,"test_loss_at_best_val":0.3,"mean_epoch_seconds":3.5,"parameters":25866,"epochs_completed":2,"seconds":7.25}','runs/study-1/run-1',1,NULL,2048,NULL);
INSERT INTO Runs VALUES(2,1,'bn=on, dropout=0.3','{"bn":"on","dropout":"0.3"}',0,1,'{"data":{"dataset":"toy"},"model":{"family":"mlp","hidden":[32],"batch_norm":true,"dropout":0.3},"optimizer":{"name":"adam","lr":0.001},"epochs":2,"seed":1}','Failed','cuda:0',NULL,2,0,'2026-12-04 09:30:00+01:00','2026-12-04 09:31:00+01:00','2026-12-04 09:32:00+01:00','worker exited with code 134 (native crash): CUDA error: out of memory',NULL,'runs/study-1/run-2',1,3,311,NULL);
INSERT INTO Runs VALUES(3,1,'bn=on, dropout=0.3','{"bn":"on","dropout":"0.3"}',0,1,'{"data":{"dataset":"toy"},"model":{"family":"mlp","hidden":[32],"batch_norm":true,"dropout":0.3},"optimizer":{"name":"adam","lr":0.001},"epochs":2,"seed":1}','Succeeded','cpu',25866,2,2,'2026-12-04 09:35:00+01:00','2026-12-04 09:35:00+01:00','2026-12-04 09:38:00+01:00',NULL,'{"test_accuracy":0.92,"test_loss":0.28,"best_val_accuracy":0.93,"best_val_epoch":1,"mean_epoch_seconds":3.0,"parameters":25866,"epochs_completed":2}','runs/study-1/run-3',2,NULL,1990,NULL);
INSERT INTO Runs VALUES(4,1,'bn=off, dropout=0','{"bn":"off","dropout":"0"}',0,1,'{"data":{"dataset":"toy"},"model":{"family":"mlp","hidden":[32],"batch_norm":false,"dropout":0},"optimizer":{"name":"adam","lr":0.001},"epochs":2,"seed":1}','Diverged','cpu',25802,2,1,'2026-12-04 09:30:00+01:00','2026-12-04 09:32:00+01:00','2026-12-04 09:34:00+01:00','diverged at epoch 2, step 150: loss NaN',NULL,'runs/study-1/run-4',1,NULL,1024,NULL);
INSERT INTO Runs VALUES(5,1,'bn=off, dropout=0.3','{"bn":"off","dropout":"0.3"}',0,1,'{"data":{"dataset":"toy"},"model":{"family":"mlp","hidden":[32],"batch_norm":false,"dropout":0.3},"optimizer":{"name":"adam","lr":0.001},"epochs":2,"seed":1}','Running','cpu',25802,2,1,'2026-12-04 09:30:00+01:00','2026-12-04 09:34:00+01:00',NULL,NULL,NULL,'runs/study-1/run-5',1,NULL,777,'2026-12-04 10:00:00+01:00');
INSERT INTO Runs VALUES(6,1,'bn=on, dropout=0','{"bn":"on","dropout":"0"}',1,2,'{"data":{"dataset":"toy"},"model":{"family":"mlp","hidden":[32],"batch_norm":true,"dropout":0},"optimizer":{"name":"adam","lr":0.001},"epochs":2,"seed":2}','Queued',NULL,NULL,2,0,'2026-12-04 09:30:00+01:00',NULL,NULL,NULL,NULL,NULL,1,NULL,0,NULL);
INSERT INTO Runs VALUES(7,1,'bn=off, dropout=0','{"bn":"off","dropout":"0"}',1,2,'{"data":{"dataset":"toy"},"model":{"family":"mlp","hidden":[32],"batch_norm":false,"dropout":0},"optimizer":{"name":"adam","lr":0.001},"epochs":2,"seed":2}','Canceled',NULL,NULL,2,0,'2026-12-04 09:30:00+01:00',NULL,'2026-12-04 09:36:00+01:00','canceled by ada',NULL,NULL,1,NULL,0,NULL);
CREATE TABLE IF NOT EXISTS "Points" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Points" PRIMARY KEY AUTOINCREMENT,
    "StudyId" INTEGER NOT NULL,
    "RunId" INTEGER NOT NULL,
    "Step" INTEGER NOT NULL,
    "Epoch" INTEGER NOT NULL,
    "Split" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" REAL NOT NULL,
    "Time" REAL NOT NULL,
    CONSTRAINT "FK_Points_Runs_RunId" FOREIGN KEY ("RunId") REFERENCES "Runs" ("Id") ON DELETE CASCADE
);
INSERT INTO Points VALUES(1,1,1,50,1,'batch','loss',1.1999999999999999555,1.0);
INSERT INTO Points VALUES(2,1,1,100,1,'batch','loss',0.9000000000000000222,2.0);
INSERT INTO Points VALUES(3,1,1,100,1,'train','loss',0.59999999999999997779,3.5);
INSERT INTO Points VALUES(4,1,1,100,1,'train','accuracy',0.8000000000000000444,3.5);
INSERT INTO Points VALUES(5,1,1,100,1,'val','loss',0.54000000000000003552,3.5);
INSERT INTO Points VALUES(6,1,1,100,1,'val','accuracy',0.81000000000000005329,3.5);
INSERT INTO Points VALUES(7,1,1,100,1,'test','loss',0.47999999999999998223,3.5);
INSERT INTO Points VALUES(8,1,1,100,1,'test','accuracy',0.82000000000000006217,3.5);
INSERT INTO Points VALUES(9,1,1,100,1,'train','lr',0.0010000000000000000208,3.5);
INSERT INTO Points VALUES(10,1,1,100,1,'train','epoch_seconds',3.5,3.5);
INSERT INTO Points VALUES(11,1,1,100,1,'train','samples_per_second',17142.857142857141298,3.5);
INSERT INTO Points VALUES(12,1,1,150,2,'batch','loss',0.69999999999999995559,3.0);
INSERT INTO Points VALUES(13,1,1,200,2,'train','loss',0.4000000000000000222,7.0);
INSERT INTO Points VALUES(14,1,1,200,2,'train','accuracy',0.88000000000000000444,7.0);
INSERT INTO Points VALUES(15,1,1,200,2,'val','loss',0.36000000000000004218,7.0);
INSERT INTO Points VALUES(16,1,1,200,2,'val','accuracy',0.89000000000000001332,7.0);
INSERT INTO Points VALUES(17,1,1,200,2,'test','loss',0.32000000000000006217,7.0);
INSERT INTO Points VALUES(18,1,1,200,2,'test','accuracy',0.9000000000000000222,7.0);
INSERT INTO Points VALUES(19,1,1,200,2,'train','lr',0.0010000000000000000208,7.0);
INSERT INTO Points VALUES(20,1,1,200,2,'train','epoch_seconds',3.5,7.0);
INSERT INTO Points VALUES(21,1,1,200,2,'train','samples_per_second',17142.857142857141298,7.0);
INSERT INTO Points VALUES(22,1,2,50,1,'batch','loss',2.25,1.0);
INSERT INTO Points VALUES(23,1,3,100,1,'train','loss',0.5,3.5);
INSERT INTO Points VALUES(24,1,3,100,1,'train','accuracy',0.84999999999999997779,3.5);
INSERT INTO Points VALUES(25,1,3,100,1,'val','loss',0.4500000000000000111,3.5);
INSERT INTO Points VALUES(26,1,3,100,1,'val','accuracy',0.85999999999999998667,3.5);
INSERT INTO Points VALUES(27,1,3,100,1,'test','loss',0.4000000000000000222,3.5);
INSERT INTO Points VALUES(28,1,3,100,1,'test','accuracy',0.86999999999999999555,3.5);
INSERT INTO Points VALUES(29,1,3,100,1,'train','lr',0.0010000000000000000208,3.5);
INSERT INTO Points VALUES(30,1,3,100,1,'train','epoch_seconds',3.5,3.5);
INSERT INTO Points VALUES(31,1,3,100,1,'train','samples_per_second',17142.857142857141298,3.5);
INSERT INTO Points VALUES(32,1,3,200,2,'train','loss',0.4500000000000000111,7.0);
INSERT INTO Points VALUES(33,1,3,200,2,'train','accuracy',0.9000000000000000222,7.0);
INSERT INTO Points VALUES(34,1,3,200,2,'val','loss',0.40500000000000002664,7.0);
INSERT INTO Points VALUES(35,1,3,200,2,'val','accuracy',0.91000000000000003108,7.0);
INSERT INTO Points VALUES(36,1,3,200,2,'test','loss',0.36000000000000004218,7.0);
INSERT INTO Points VALUES(37,1,3,200,2,'test','accuracy',0.92000000000000003996,7.0);
INSERT INTO Points VALUES(38,1,3,200,2,'train','lr',0.0010000000000000000208,7.0);
INSERT INTO Points VALUES(39,1,3,200,2,'train','epoch_seconds',3.5,7.0);
INSERT INTO Points VALUES(40,1,3,200,2,'train','samples_per_second',17142.857142857141298,7.0);
INSERT INTO Points VALUES(41,1,4,50,1,'batch','loss',2.5,1.0);
INSERT INTO Points VALUES(42,1,4,100,1,'train','loss',2.0,3.5);
INSERT INTO Points VALUES(43,1,4,100,1,'train','accuracy',0.29999999999999998889,3.5);
INSERT INTO Points VALUES(44,1,4,100,1,'val','loss',1.8000000000000000444,3.5);
INSERT INTO Points VALUES(45,1,4,100,1,'val','accuracy',0.30999999999999999777,3.5);
INSERT INTO Points VALUES(46,1,4,100,1,'test','loss',1.6000000000000000888,3.5);
INSERT INTO Points VALUES(47,1,4,100,1,'test','accuracy',0.32000000000000000666,3.5);
INSERT INTO Points VALUES(48,1,4,100,1,'train','lr',0.0010000000000000000208,3.5);
INSERT INTO Points VALUES(49,1,4,100,1,'train','epoch_seconds',3.5,3.5);
INSERT INTO Points VALUES(50,1,4,100,1,'train','samples_per_second',17142.857142857141298,3.5);
INSERT INTO Points VALUES(51,1,4,150,2,'batch','loss',1.0000000000000000198e+30,3.0);
INSERT INTO Points VALUES(52,1,5,50,1,'batch','loss',1.5,1.0);
INSERT INTO Points VALUES(53,1,5,100,1,'train','loss',0.69999999999999995559,3.5);
INSERT INTO Points VALUES(54,1,5,100,1,'train','accuracy',0.75,3.5);
INSERT INTO Points VALUES(55,1,5,100,1,'val','loss',0.63000000000000000444,3.5);
INSERT INTO Points VALUES(56,1,5,100,1,'val','accuracy',0.76000000000000000888,3.5);
INSERT INTO Points VALUES(57,1,5,100,1,'test','loss',0.55999999999999994226,3.5);
INSERT INTO Points VALUES(58,1,5,100,1,'test','accuracy',0.77000000000000001776,3.5);
INSERT INTO Points VALUES(59,1,5,100,1,'train','lr',0.0010000000000000000208,3.5);
INSERT INTO Points VALUES(60,1,5,100,1,'train','epoch_seconds',3.5,3.5);
INSERT INTO Points VALUES(61,1,5,100,1,'train','samples_per_second',17142.857142857141298,3.5);
INSERT INTO Points VALUES(62,1,5,120,2,'batch','lr',4.9406564584124654428e-324,2.3999999999999999111);
CREATE TABLE IF NOT EXISTS "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);
INSERT INTO AspNetUsers VALUES('269aba33-ba23-433c-b4e2-be952a9590e2','ada','ADA',NULL,NULL,0,'AQAAAAIAAYagAAAAECtUlGtJWTtZrZFLsMuSoqMl2QaWOPp9at2SBTtF1zuhlCfbJ7pmEbI74xIhaxA6tw==','K4TJCKB5ZO75KQ6TZ3KQCE57SQ7WPWEQ','04171a8f-1ff8-405b-b078-aaf06745b916',NULL,0,0,NULL,1,0);
INSERT INTO AspNetUsers VALUES('b4f09575-e6bb-4797-894a-513801360ca6','bob','BOB','bob@example.org','BOB@EXAMPLE.ORG',0,'AQAAAAIAAYagAAAAEC7S95kXkNMmttWQAMaa8B+MJ+DU1rso3iwg82Nyg9QxQyqZ8T90T7S/cBc7swnTxQ==','UJWZK4H3SD3PEZIYBE7KSVP2T7P7HNZW','482ecbbe-54bc-4622-aebd-5c9ef6528260',NULL,0,0,'2099-01-01 00:00:00+00:00',1,0);
CREATE TABLE IF NOT EXISTS "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
INSERT INTO AspNetUserClaims VALUES(1,'269aba33-ba23-433c-b4e2-be952a9590e2','course','DL-2026, group "B"');
CREATE TABLE IF NOT EXISTS "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
INSERT INTO AspNetUserLogins VALUES('campus-sso','ada-4711','Campus SSO','269aba33-ba23-433c-b4e2-be952a9590e2');
CREATE TABLE IF NOT EXISTS "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
INSERT INTO AspNetUserTokens VALUES('269aba33-ba23-433c-b4e2-be952a9590e2','[AspNetUserStore]','AuthenticatorKey','JBSWY3DPEHPK3PXP');
CREATE TABLE IF NOT EXISTS "ApiTokens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ApiTokens" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_ApiTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);
INSERT INTO ApiTokens VALUES(1,'269aba33-ba23-433c-b4e2-be952a9590e2','laptop curl','7efb1b7d959faf2aec0596e9dd89a4b42ddc36930095e1e6c2fa320e09900084','2026-12-06 22:00:22.0537728+00:00');
CREATE TABLE IF NOT EXISTS "ShareLinks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ShareLinks" PRIMARY KEY AUTOINCREMENT,
    "StudyId" INTEGER NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "ProtectedToken" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "RevokedAt" TEXT NULL,
    CONSTRAINT "FK_ShareLinks_Studies_StudyId" FOREIGN KEY ("StudyId") REFERENCES "Studies" ("Id") ON DELETE CASCADE
);
INSERT INTO ShareLinks VALUES(1,1,'e1e2e215fb2c703ad5b4f156459c58601a965760c04afe9f6d610841da48e1e5','CfDJ8AAAAAAAAAAAAAAAAAAAAAC2nDST91wlpIxs6IuKA9ytGEzEr4WAflKWZiEtZ0wxN9cvbXeoHW32pYx6IkJcuIGuyC4Vkr0--rk3K5lKz7PqHDbT4Pvg5ByBjvDVGIUcSveePieybA4pk8fSwelADDjwjPsbtThYY6oZr3fHbCBg','ada','2026-12-06 22:00:22.6954917+00:00',NULL);
INSERT INTO ShareLinks VALUES(2,1,'2e993f8a326b63dd81324234d72f36db5f690c80137099be3b6ae9a9aca71358','CfDJ8AAAAAAAAAAAAAAAAAAAAABgXrJT4Etomd0YlZhrAjPdo3mT-KnTwiBXl7VXu36jIkXycxpfux7p8YMcg2LHiy5qla7SMziih01hehALGRMEHLxLZ4l9v03XG9lspbGqjVsxSOdd7rSjlvHEFcQUikb2U-f6Ov7RWn_gWOOsfP2x','ada','2026-12-06 22:00:22.7455493+00:00','2026-12-06 22:00:22.7612513+00:00');
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('AspNetUserClaims',1);
INSERT INTO sqlite_sequence VALUES('ApiTokens',1);
INSERT INTO sqlite_sequence VALUES('Studies',2);
INSERT INTO sqlite_sequence VALUES('Runs',7);
INSERT INTO sqlite_sequence VALUES('Points',62);
INSERT INTO sqlite_sequence VALUES('ShareLinks',2);
CREATE INDEX "IX_Runs_Status_Id" ON "Runs" ("Status", "Id");
CREATE INDEX "IX_Runs_StudyId_Label_Repeat" ON "Runs" ("StudyId", "Label", "Repeat");
CREATE INDEX "IX_Points_RunId" ON "Points" ("RunId");
CREATE INDEX "IX_Points_StudyId_RunId_Step" ON "Points" ("StudyId", "RunId", "Step");
CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");
CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");
CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");
CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");
CREATE UNIQUE INDEX "IX_ApiTokens_TokenHash" ON "ApiTokens" ("TokenHash");
CREATE INDEX "IX_ApiTokens_UserId" ON "ApiTokens" ("UserId");
CREATE UNIQUE INDEX "IX_ShareLinks_TokenHash" ON "ShareLinks" ("TokenHash");
CREATE INDEX "IX_ShareLinks_StudyId" ON "ShareLinks" ("StudyId");
CREATE INDEX "IX_Points_EpochPoints" ON "Points" ("StudyId", "RunId", "Step", "Id", "Epoch", "Split", "Name", "Value", "Time") WHERE "Split" <> 'batch';
COMMIT;
