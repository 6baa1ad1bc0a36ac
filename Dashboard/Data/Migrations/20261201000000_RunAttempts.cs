using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ablation.Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempt",
                table: "Runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "RetriedById",
                table: "Runs",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Attempt",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "RetriedById",
                table: "Runs");
        }
    }
}
