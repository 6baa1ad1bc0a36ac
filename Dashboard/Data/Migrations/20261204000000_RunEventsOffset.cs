using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ablation.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunEventsOffset : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EventsOffset",
                table: "Runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StalledSince",
                table: "Runs",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EventsOffset",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "StalledSince",
                table: "Runs");
        }
    }
}
