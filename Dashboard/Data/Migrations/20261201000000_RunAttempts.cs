using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Ablation.Dashboard.Data.Migrations;

// Written by hand, as Initial is. Runs recorded before retries existed are first attempts that
// nothing retried: Attempt 1, RetriedById null.
[DbContext(typeof(AblationDb))]
[Migration("20261201000000_RunAttempts")]
public sealed class RunAttempts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "Attempt", table: "Runs", type: "INTEGER", nullable: false, defaultValue: 1);
        migrationBuilder.AddColumn<int>(name: "RetriedById", table: "Runs", type: "INTEGER", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "RetriedById", table: "Runs");
        migrationBuilder.DropColumn(name: "Attempt", table: "Runs");
    }
}
