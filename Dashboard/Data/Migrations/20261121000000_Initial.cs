using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Ablation.Dashboard.Data.Migrations;

// Written by hand: `dotnet ef` needs Microsoft.EntityFrameworkCore.Design, which does not restore
// from our NuGet source. MigrationsMatchTheModel (Dashboard.Tests) fails when the model changes
// without a migration, so a schema drift cannot ship.
[DbContext(typeof(AblationDb))]
[Migration("20261121000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Studies",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Name = t.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Description = t.Column<string>(type: "TEXT", nullable: false),
                Dataset = t.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                SpecJson = t.Column<string>(type: "TEXT", nullable: false),
                GridMode = t.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Repeats = t.Column<int>(type: "INTEGER", nullable: false),
                CreatedAt = t.Column<string>(type: "TEXT", nullable: false),
                UpdatedAt = t.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Studies", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Runs",
            columns: t => new
            {
                Id = t.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                StudyId = t.Column<int>(type: "INTEGER", nullable: false),
                Label = t.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                CellJson = t.Column<string>(type: "TEXT", nullable: false),
                Repeat = t.Column<int>(type: "INTEGER", nullable: false),
                Seed = t.Column<int>(type: "INTEGER", nullable: false),
                SpecJson = t.Column<string>(type: "TEXT", nullable: false),
                Status = t.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Device = t.Column<string>(type: "TEXT", nullable: true),
                Parameters = t.Column<long>(type: "INTEGER", nullable: true),
                Epochs = t.Column<int>(type: "INTEGER", nullable: false),
                EpochsDone = t.Column<int>(type: "INTEGER", nullable: false),
                QueuedAt = t.Column<string>(type: "TEXT", nullable: false),
                StartedAt = t.Column<string>(type: "TEXT", nullable: true),
                EndedAt = t.Column<string>(type: "TEXT", nullable: true),
                Error = t.Column<string>(type: "TEXT", nullable: true),
                FinalMetricsJson = t.Column<string>(type: "TEXT", nullable: true),
                RunDirectory = t.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Runs", x => x.Id);
                t.ForeignKey("FK_Runs_Studies_StudyId", x => x.StudyId, "Studies", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Points",
            columns: t => new
            {
                Id = t.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                StudyId = t.Column<int>(type: "INTEGER", nullable: false),
                RunId = t.Column<int>(type: "INTEGER", nullable: false),
                Step = t.Column<long>(type: "INTEGER", nullable: false),
                Epoch = t.Column<int>(type: "INTEGER", nullable: false),
                Split = t.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                Name = t.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                Value = t.Column<double>(type: "REAL", nullable: false),
                Time = t.Column<double>(type: "REAL", nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Points", x => x.Id);
                t.ForeignKey("FK_Points_Runs_RunId", x => x.RunId, "Runs", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_Runs_Status_Id", "Runs", ["Status", "Id"]);
        migrationBuilder.CreateIndex("IX_Runs_StudyId_Label_Repeat", "Runs", ["StudyId", "Label", "Repeat"]);
        migrationBuilder.CreateIndex("IX_Points_RunId", "Points", "RunId");
        migrationBuilder.CreateIndex("IX_Points_StudyId_RunId_Step", "Points", ["StudyId", "RunId", "Step"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Points");
        migrationBuilder.DropTable("Runs");
        migrationBuilder.DropTable("Studies");
    }
}
