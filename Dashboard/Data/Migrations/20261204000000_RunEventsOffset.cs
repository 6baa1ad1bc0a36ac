using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Ablation.Dashboard.Data.Migrations;

// Written by hand, as Initial is. Runs are stored from their folder's events file, and each run
// remembers how far (EventsOffset); a run recorded before that starts at 0, which for a run still
// running means its next worker's events, since earlier workers wrote no file. StalledSince marks
// a running run that has gone silent.
[DbContext(typeof(AblationDb))]
[Migration("20261204000000_RunEventsOffset")]
public sealed class RunEventsOffset : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(name: "EventsOffset", table: "Runs", type: "INTEGER", nullable: false, defaultValue: 0L);
        migrationBuilder.AddColumn<string>(name: "StalledSince", table: "Runs", type: "TEXT", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "StalledSince", table: "Runs");
        migrationBuilder.DropColumn(name: "EventsOffset", table: "Runs");
    }
}
