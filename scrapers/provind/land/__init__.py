"""The land step: landing journals into the raw tables of the warehouse (`provind.land.step`)."""
